-- Widget cart claims (issue 9, item 9): the storefront visitor (a Worker-minted, signed visitor id)
-- whose browser reported a cart token before any cart with that token existed. Only such an early
-- report is evidence that the cart is theirs: once a Shopify checkout carries the token as its
-- cart_token, the first claim decides who may see its popup. One claim per token; later ones are
-- ignored, and a token that already names a cart is never claimed.
CREATE TABLE visitor_cart_claims (
  store_id TEXT NOT NULL,
  cart_token TEXT NOT NULL,
  visitor_id TEXT NOT NULL,
  claimed_at TEXT NOT NULL,
  PRIMARY KEY (store_id, cart_token)
);
