/**
 * Money and dates the way a shopper in Bangladesh reads them. `narrowSymbol` makes en-BD print the
 * taka sign (৳1,250.00) instead of the ISO code (BDT 1,250.00).
 */
const taka = new Intl.NumberFormat('en-BD', {
  style: 'currency',
  currency: 'BDT',
  currencyDisplay: 'narrowSymbol',
});

/** @param {number} amount price in taka, as the API sends it */
export function formatTaka(amount) {
  return taka.format(amount);
}

const dateTime = new Intl.DateTimeFormat('en-BD', { dateStyle: 'medium', timeStyle: 'short' });

/** @param {string} iso */
export function formatDateTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** @param {number} count @param {string} one @param {string} many */
export function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

/** Categories are stored lower-case (`groceries`); shoppers read them capitalised. @param {string} name */
export function categoryLabel(name) {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
