// Builds the DOM for one message. Every string goes in as a text node
// (textContent), never as HTML, so a "<script>" in a message is just text.
import { linkify } from './linkify.js';
import { STRINGS } from './strings.js';

const LIST_ITEM = /^\s*(\d{1,2})[.)]\s+(.+)$/u;
export const STEP = /^\s*Bước\s+(\d{1,2})\s*\/\s*(\d{1,2})\s*[:.]?\s*(.*)$/u;
export const WARNING = /^\s*⚠/u;

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function richLine(tag, className, text) {
  const node = el(tag, className);
  node.append(...linkify(text));
  return node;
}

function stepBlock(step, total, text) {
  const block = el('div', 'step');
  block.setAttribute('role', 'group');
  block.setAttribute('aria-label', STRINGS.stepOf(step, total));
  const head = el('div', 'step-head');
  const bar = el('progress', 'step-bar');
  bar.max = Number(total);
  bar.value = Math.min(Number(step), Number(total));
  bar.setAttribute('aria-hidden', 'true');
  head.append(el('span', 'step-label', `Bước ${step}/${total}`), bar);
  block.append(head);
  if (text) block.append(richLine('p', 'step-text', text));
  return block;
}

// Bot text: paragraphs, numbered lists, "Bước n/m" steps and ⚠️ warnings.
export function botText(text) {
  const fragment = document.createDocumentFragment();
  let list = null;
  for (const line of text.split('\n')) {
    const item = line.match(LIST_ITEM);
    if (item) {
      if (!list) {
        list = fragment.appendChild(el('ol', 'steps'));
        list.start = Number(item[1]);
      }
      const li = richLine('li', '', item[2]);
      li.value = Number(item[1]);
      list.append(li);
      continue;
    }
    list = null;
    if (!line.trim()) continue;
    const step = line.match(STEP);
    if (step) fragment.append(stepBlock(step[1], step[2], step[3]));
    else if (WARNING.test(line)) fragment.append(richLine('p', 'warning', line));
    else fragment.append(richLine('p', '', line));
  }
  return fragment;
}

export function userBubble(text) {
  const row = el('div', 'msg user');
  row.append(el('span', 'visually-hidden', `${STRINGS.you}: `), el('div', 'bubble', text));
  return row;
}

export function botBubble(message) {
  const row = el('div', 'msg bot');
  const bubble = el('div', 'bubble');
  bubble.append(el('span', 'visually-hidden', `${STRINGS.assistant}: `), botText(message.text || ''));
  row.append(bubble);
  return row;
}

// Big buttons for the bot's latest turn; each remembers its payload.
export function choices(buttons) {
  const group = el('div', 'choices');
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', STRINGS.choices);
  for (const button of buttons) {
    const choice = el('button', 'choice', button.title);
    choice.type = 'button';
    choice.dataset.payload = button.payload;
    group.append(choice);
  }
  return group;
}
