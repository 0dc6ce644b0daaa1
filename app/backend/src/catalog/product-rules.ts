import { body, type ValidationChain } from 'express-validator';
import { hasAtMostTwoDecimals, MAX_PRICE_TAKA } from './money.js';
import { PRODUCT_INPUT_FIELDS } from './product.js';
import { bodyField, jsonInteger, jsonString, onlyKnownFields, singleQuery } from './request-rules.js';

/** Validation of the catalogue's query strings and admin bodies (see the API contract in COMMON.md). */

export const MAX_STOCK = 1_000_000;
const SKU = /^[A-Z0-9]+(-[A-Z0-9]+)*$/;
const CATEGORY = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const productListRules: ValidationChain[] = [
  singleQuery('search').trim().isLength({ max: 100 }).withMessage('must be at most 100 characters'),
  singleQuery('category')
    .trim()
    .toLowerCase()
    .isLength({ max: 40 })
    .withMessage('must be at most 40 characters'),
];

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Field rules for a product body; `optional` for PATCH, where any subset may be sent. */
export function productBodyRules(presence: 'required' | 'optional'): ValidationChain[] {
  return [
    onlyKnownFields(PRODUCT_INPUT_FIELDS),
    jsonString('sku', 1, 40, presence)
      .toUpperCase()
      .matches(SKU)
      .withMessage('must be letters and digits in dash-separated groups, e.g. "GRO-RICE-5KG"'),
    jsonString('name', 1, 200, presence),
    jsonString('description', 0, 2000, presence),
    jsonString('category', 1, 40, presence)
      .toLowerCase()
      .matches(CATEGORY)
      .withMessage('must be a lowercase slug of letters and digits, e.g. "groceries" or "home-kitchen"'),
    bodyField('price', presence)
      .custom((v) => typeof v === 'number' && v > 0 && v <= MAX_PRICE_TAKA && hasAtMostTwoDecimals(v))
      .withMessage(`must be a number of taka above 0 and at most ${MAX_PRICE_TAKA}, with at most 2 decimals`),
    jsonInteger('stock', 0, MAX_STOCK, presence),
    // Always optional; null (or "") clears it.
    body('imageUrl')
      .optional({ values: 'undefined' })
      .custom((v) => v === null || (typeof v === 'string' && (v.trim() === '' || isHttpUrl(v.trim()))))
      .withMessage('must be an http(s) URL or null')
      .bail()
      .custom((v) => v === null || (v as string).trim().length <= 2048)
      .withMessage('must be at most 2048 characters')
      .customSanitizer((v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null)),
  ];
}
