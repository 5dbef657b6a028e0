// Renders /api/v1/openapi.json as a reference page. Every value goes in as a text node, never
// parsed as HTML, so nothing in the document can inject markup.

const el = (tag, props = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
};

// The document's prose marks code with backticks; each part still goes in as a text node.
const prose = (text) => {
  const fragment = document.createDocumentFragment();
  String(text || '').split('`').forEach((part, index) => {
    fragment.append(index % 2 === 1 ? el('code', {}, part) : document.createTextNode(part));
  });
  return fragment;
};

const resolve = (doc, schema) => {
  let current = schema;
  for (let depth = 0; current && current.$ref && depth < 10; depth += 1) {
    const name = current.$ref.split('/').pop();
    current = doc.components.schemas[name];
  }
  return current || {};
};

const typeName = (doc, schema) => {
  if (!schema) return 'any';
  if (schema.$ref) return schema.$ref.split('/').pop();
  if (schema.oneOf) return schema.oneOf.map((s) => typeName(doc, s)).join(' | ');
  const types = Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type || 'any');
  if (schema.type === 'array') return `array of ${typeName(doc, schema.items)}`;
  const extra = [schema.format, schema.enum ? `one of ${schema.enum.filter((v) => v !== null).join(', ')}` : null]
    .filter(Boolean).join('; ');
  return extra ? `${types} (${extra})` : types;
};

const schemaList = (doc, schema, depth = 0) => {
  const resolved = resolve(doc, schema);
  const target = resolved.type === 'array' ? resolve(doc, resolved.items) : resolved;
  if (!target.properties || depth > 3) return el('code', {}, typeName(doc, schema));
  const required = new Set(target.required || []);
  const list = el('ul', { class: 'schema' });
  for (const [name, property] of Object.entries(target.properties)) {
    const nested = resolve(doc, property);
    const inner = nested.properties || (nested.type === 'array' && resolve(doc, nested.items).properties)
      ? schemaList(doc, property, depth + 1) : null;
    list.append(el('li', {}, el('code', {}, name), required.has(name) ? el('span', { class: 'req' }, ' *') : null,
      ` — ${typeName(doc, property)}`, inner));
  }
  return list;
};

const operationSection = (doc, path, method, operation) => {
  const id = operation.operationId || `${method}-${path}`;
  const section = el('section', { class: 'op', id },
    el('h2', {}, el('span', { class: `method ${method}` }, method), el('span', { class: 'path' }, path)),
    el('p', {}, prose(operation.summary)),
    el('p', {}, prose(operation.description)));
  const parameters = (operation.parameters || []).map((p) => (p.$ref ? doc.components.parameters[p.$ref.split('/').pop()] : p));
  if (parameters.length) {
    const table = el('table', {}, el('tr', {}, el('th', {}, 'parameter'), el('th', {}, 'in'), el('th', {}, 'type'), el('th', {}, 'meaning')));
    for (const p of parameters) {
      table.append(el('tr', {}, el('td', {}, el('code', {}, p.name), p.required ? el('span', { class: 'req' }, ' *') : null),
        el('td', {}, p.in), el('td', {}, typeName(doc, p.schema)), el('td', {}, prose(p.description))));
    }
    section.append(el('h3', {}, 'Parameters'), table);
  }
  const body = operation.requestBody?.content?.['application/json']?.schema;
  if (body) section.append(el('h3', {}, `Body: ${typeName(doc, body)}`), schemaList(doc, body));
  const responses = el('table', {}, el('tr', {}, el('th', {}, 'status'), el('th', {}, 'meaning'), el('th', {}, 'body')));
  for (const [status, response] of Object.entries(operation.responses || {})) {
    const content = response.content || {};
    const schema = content['application/json']?.schema;
    responses.append(el('tr', {}, el('td', {}, status), el('td', {}, prose(response.description)),
      el('td', {}, schema ? schemaList(doc, schema) : Object.keys(content).join(', '))));
  }
  section.append(el('h3', {}, 'Responses'), responses);
  return section;
};

const render = (doc) => {
  const intro = document.getElementById('intro');
  intro.replaceChildren(prose(doc.info.description), ' ', el('a', { href: '/api/v1/openapi.json' }, 'OpenAPI document'));
  const toc = document.getElementById('toc');
  const main = document.getElementById('operations');
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const id = operation.operationId || `${method}-${path}`;
      toc.append(el('a', { href: `#${encodeURIComponent(id)}` }, el('span', { class: `method ${method}` }, method), path));
      main.append(operationSection(doc, path, method, operation));
    }
  }
};

fetch('/api/v1/openapi.json')
  .then((response) => response.json())
  .then(render)
  .catch(() => { document.getElementById('intro').textContent = 'Could not load the OpenAPI document.'; });
