// Splits a line of bot text into text nodes and links: web addresses,
// bare government domains (dichvucong.gov.vn) and phone numbers (tap to call).
// Text always becomes text nodes; nothing is ever parsed as HTML.
const PATTERN = new RegExp([
  String.raw`(https?:\/\/[^\s<>"'“”]+)`,
  String.raw`\b((?:[a-z0-9-]+\.)+gov\.vn(?:\/[^\s<>"'“”]*)?)`,
  String.raw`\b((?:1[89]00[ .]?\d{3,4}(?:[ .]?\d{2,4})?)|(?:0\d{2,3}[ .]?\d{3}[ .]?\d{3,4}))\b`,
].join('|'), 'giu');
const TRAILING = /[.,;:!?)\]}'"»”]+$/u;

function link(href, text) {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  if (!href.startsWith('tel:')) {
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
  }
  return a;
}

function toLink(web, domain, phone) {
  if (phone) return link(`tel:${phone.replace(/\D/g, '')}`, phone);
  const text = web || domain;
  return link(web ? text : `https://${text}`, text);
}

export function linkify(text) {
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(PATTERN)) {
    const found = match[0].replace(TRAILING, '');
    if (match.index > last) nodes.push(document.createTextNode(text.slice(last, match.index)));
    const [web, domain, phone] = [match[1], match[2], match[3]].map((part) => part && found);
    nodes.push(toLink(web, domain, phone));
    last = match.index + found.length;
  }
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}
