import { env } from "cloudflare:test";

/**
 * Everything a request could change for one store, read straight from D1, so a test can assert
 * that a refused request changed nothing at all (compare before and after with toEqual).
 */
export async function storeState(storeId: string) {
  const rows = async (sql: string) => (await env.DB.prepare(sql).bind(storeId).all()).results;
  return {
    store: await rows("SELECT name, settings, secret_key_hash, publishable_key_hash, webhook_secret_encrypted, sending_domain, sending_domain_status FROM stores WHERE id = ?"),
    domains: await rows("SELECT domain FROM store_domains WHERE store_id = ? ORDER BY domain"),
    carts: await rows("SELECT cart_token, email, total_price, items, checkout_url, visitor_id, updated_at FROM carts WHERE store_id = ? ORDER BY cart_token"),
    sequences: await rows("SELECT id, status, steps, version, stopped_reason, cart FROM sequences WHERE store_id = ? ORDER BY id"),
    timeline: await rows("SELECT id, type, step, detail, amount_cents FROM timeline_events WHERE store_id = ? ORDER BY id"),
    orders: await rows("SELECT order_id, sequence_id, paid, total_price FROM orders WHERE store_id = ? ORDER BY order_id"),
    refunds: await rows("SELECT refund_id, amount_cents FROM refunds WHERE store_id = ? ORDER BY refund_id"),
    suppressions: await rows("SELECT email, reason FROM suppressions WHERE store_id = ? ORDER BY email"),
    emails: await rows("SELECT id, status FROM emails WHERE store_id = ? ORDER BY id"),
    metrics: await rows("SELECT day, metric, count, amount_cents FROM daily_metrics WHERE store_id = ? ORDER BY day, metric"),
  };
}
