import type { Ga4Client } from "../integrations/ga4";
import type { ServiceContext, Store } from "./context";
import { storeSecrets } from "./store-secrets";

/** The store's GA4 property client, or null until both its measurement id and API secret are set. */
export async function ga4ClientFor({ config }: Pick<ServiceContext, "config">, store: Store): Promise<Ga4Client | null> {
  const { measurement_id: measurementId, api_secret: sealed } = store.settings.ga4;
  if (!measurementId || !sealed) return null;
  return { baseUrl: config.GA4_BASE_URL, measurementId, apiSecret: await storeSecrets(config).open(sealed.sealed) };
}
