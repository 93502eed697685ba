function locale(): string | undefined {
  return document.documentElement.lang || navigator.language || undefined;
}

export function formatMoney(amount: number | string, currency: string): string {
  const value = Number(amount);
  try {
    return new Intl.NumberFormat(locale(), { style: "currency", currency }).format(value);
  } catch {
    // Unknown currency codes make Intl throw.
    return `${value.toFixed(2)} ${currency}`;
  }
}

const ONSITE_UTM: Record<string, string> = {
  utm_source: "reva",
  utm_medium: "onsite",
  utm_campaign: "cart_recovery",
};

/** The checkout with on-site UTM parameters; anything but an http(s) link (`javascript:`…) becomes an inert "#". */
export function checkoutLink(checkoutUrl: string): string {
  try {
    const url = new URL(checkoutUrl, location.href);
    if (url.protocol !== "https:" && url.protocol !== "http:") return "#";
    for (const name in ONSITE_UTM) url.searchParams.set(name, ONSITE_UTM[name]);
    return url.href;
  } catch {
    return "#";
  }
}
