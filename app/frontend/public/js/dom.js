/**
 * A tiny DOM builder. Why plain DOM and not preact + htm: the storefront is a handful of views that
 * each render once per navigation and patch a small region on change (a cart line, a form error),
 * so a virtual DOM buys little; plain DOM keeps every served file our own (no vendor route into
 * node_modules, nothing to keep in step with a library's release), makes focus handling explicit,
 * and never needs eval or inline styles, so the strict CSP holds without exceptions.
 *
 * Text is always inserted as text nodes, never as HTML, so product names or API messages cannot
 * inject markup.
 */

/**
 * h('button', { class: 'btn', onclick: fn, disabled: true }, 'Buy') → HTMLButtonElement.
 * Props: `class`, `on<event>` listeners, boolean attributes (true/false), `value`/`checked`
 * (set as properties, after the children, so a <select> finds its option), anything else as an
 * attribute. Null/undefined/false children are skipped; arrays are flattened.
 * @param {string} tag
 * @param {Record<string, unknown> | null} [props]
 * @param {...unknown} children
 * @returns {HTMLElement}
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  const late = [];
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'style') throw new Error('Inline styles break the CSP; use a CSS class instead.');
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), /** @type {EventListener} */ (value));
    } else if (key === 'class') {
      el.className = String(value);
    } else if (key === 'value' || key === 'checked') {
      late.push([key, value]);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  for (const [key, value] of late) Reflect.set(el, key, value);
  return el;
}

/**
 * @param {Node} parent
 * @param {unknown[]} children
 */
function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * Replaces everything inside `parent` with `children`.
 * @param {Element} parent
 * @param {...unknown} children
 */
export function replaceChildren(parent, ...children) {
  parent.replaceChildren();
  append(parent, children);
}

/** Every id in a page must be unique; views that build forms ask for one here. */
let idCounter = 0;
/** @param {string} prefix */
export function uniqueId(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
