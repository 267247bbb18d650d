// Splits a line of bot text into text nodes and links: web addresses,
// bare government domains (dichvucong.gov.vn) and phone numbers (tap to call).
// Text always becomes text nodes; nothing is ever parsed as HTML.
const PATTERN = new RegExp([
  String.raw`(https?:\/\/[^\s<>"'“”]+)`,
  String.raw`\b((?:[a-z0-9-]+\.)+gov\.vn(?:\/[^\s<>"'“”]*)?)`,
  String.raw`\b((?:1[89]00[ .]?\d{3,4}(?:[ .]?\d{2,4})?)|(?:0\d{2,3}[ .]?\d{3}[ .]?\d{3,4}))\b`,
].join('|'), 'giu');
const TRAILING = /[.,;:!?)\]}'"»”]+$/u;

// The line cut into pieces: { text, kind } with kind 'web', 'domain', 'phone'
// or '' for plain text. Shared by the links on screen and the read-aloud text.
export function linkParts(text) {
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(PATTERN)) {
    const found = match[0].replace(TRAILING, '');
    if (match.index > last) parts.push({ text: text.slice(last, match.index), kind: '' });
    const kind = match[1] ? 'web' : match[2] ? 'domain' : 'phone';
    parts.push({ text: found, kind });
    last = match.index + found.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), kind: '' });
  return parts;
}

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

const HREF = {
  web: (text) => text,
  domain: (text) => `https://${text}`,
  phone: (text) => `tel:${text.replace(/\D/g, '')}`,
};

export function linkify(text) {
  return linkParts(text).map(({ text: part, kind }) => (kind ? link(HREF[kind](part), part) : document.createTextNode(part)));
}
