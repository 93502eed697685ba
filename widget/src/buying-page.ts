/**
 * Checkout and order-status pages never show the popup: the shopper is already buying, or has bought.
 * Pure (no DOM), so the unit tests import it in Node.
 */
const BUYING_PATH = /\/checkout|\/thank_you|\/orders\//;

export const isBuyingPage = (path: string): boolean => BUYING_PATH.test(path);
