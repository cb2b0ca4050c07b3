// One helper for building the page's panels without a framework.

/**
 * A new element: `props.text` sets its text; other props are set as properties when the
 * element has them (value, checked, disabled, className, ...) and as attributes otherwise
 * (`list` always as an attribute: the property is read-only); `children` are appended.
 */
export function el(tag, props = {}, children = []) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') e.textContent = v;
    else if (k in e && k !== 'list') e[k] = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}
