// <bdhvs-chat>: the chat itself, used full-page (/), in kiosk mode (/?kiosk=1)
// and inside commune websites (embed.js). Attributes:
//   heading  title shown on top          color    main colour (#rrggbb)
//   server   web-chat server address (default: where this file came from)
//   welcome  payload sent, unseen, when there is no conversation yet
//   kiosk    extra-large text; forgets everything after `idle` seconds
//   closable shows a close button that fires a `bdhvs-close` event
import { ChatApi } from './api.js';
import { IdleTimer } from './idle.js';
import { botBubble, choices, el, userBubble } from './render.js';
import { Session } from './session.js';
import { ReadAloud } from './speech.js';
import { STRINGS } from './strings.js';

const SCALES = [0.85, 1, 1.15, 1.3, 1.5, 1.75, 2];
const NORMAL_SCALE = 1;
const KIOSK_SCALE = 4;
const DEFAULT_IDLE_SECONDS = 180;
const RETRY_MS = 5000;
const RETRIES = 36;

// Lower case, no diacritics, no emoji or punctuation: "👍 Có" → "co".
function fold(text) {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/giu, 'd').toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

// Black or white, whichever reads better on the given #rgb / #rrggbb colour.
function readableOn(colour) {
  const hex = colour.length === 4 ? colour.replace(/\w/g, (c) => c + c) : colour;
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) ? '#000000' : '#ffffff';
}

function browserStorage(kiosk) {
  try {
    return kiosk ? window.sessionStorage : window.localStorage;
  } catch (_) {
    return null; // blocked (private mode, third-party settings): keep the id in memory only
  }
}

function toolButton(className, text, label) {
  const button = el('button', `tool ${className}`, text);
  button.type = 'button';
  if (label) button.setAttribute('aria-label', label);
  return button;
}

class BdhvsChat extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    this.kiosk = this.hasAttribute('kiosk');
    this.api = new ChatApi(new URL(this.getAttribute('server') || '../', import.meta.url));
    this.session = new Session(browserStorage(this.kiosk));
    this.welcomePayload = this.getAttribute('welcome') ?? '/greet';
    this.busy = false;
    this.used = false;
    this.applyColour(this.getAttribute('color'));
    this.build();
    this.setScale(this.kiosk ? KIOSK_SCALE : NORMAL_SCALE);
    if (this.kiosk) this.startKiosk();
    this.start();
  }

  applyColour(colour) {
    if (!/^#(?:[0-9a-f]{3}){1,2}$/i.test(colour || '')) return;
    this.style.setProperty('--brand', colour);
    this.style.setProperty('--on-brand', readableOn(colour));
  }

  build() {
    const root = this.attachShadow({ mode: 'open' });
    const style = el('link');
    style.rel = 'stylesheet';
    style.href = new URL('chat.css', import.meta.url).href;

    const heading = el('h1', 'title', this.getAttribute('heading') || STRINGS.defaultTitle);
    this.smaller = toolButton('smaller', STRINGS.smaller, STRINGS.smallerLabel);
    this.larger = toolButton('larger', STRINGS.larger, STRINGS.largerLabel);
    const restart = toolButton('restart', STRINGS.restart, STRINGS.restartLabel);
    const tools = el('div', 'tools');
    tools.append(this.smaller, this.larger, restart);
    if (this.hasAttribute('closable')) {
      const close = toolButton('close', '✕', STRINGS.close);
      close.addEventListener('click', () => this.dispatchEvent(new CustomEvent('bdhvs-close', { bubbles: true, composed: true })));
      tools.append(close);
    }
    const bar = el('header', 'bar');
    bar.append(heading, tools);

    this.log = el('div', 'log');
    this.log.setAttribute('role', 'log');
    this.log.setAttribute('aria-live', 'polite');
    this.typingRow = el('div', 'msg bot typing');
    this.typingRow.setAttribute('role', 'status');
    this.typingRow.append(el('span', 'typing-text', STRINGS.typing), el('span', 'dots', '…'));
    this.noticeLine = el('p', 'notice');
    this.noticeLine.setAttribute('role', 'alert');
    this.noticeLine.hidden = true;

    this.input = el('textarea', 'input');
    Object.assign(this.input, { rows: 1, maxLength: 1000, placeholder: STRINGS.placeholder, autocomplete: 'off', lang: 'vi' });
    this.input.setAttribute('aria-label', STRINGS.inputLabel);
    this.input.setAttribute('enterkeyhint', 'send');
    const send = el('button', 'send', STRINGS.send);
    send.type = 'submit';
    const form = el('form', 'composer');
    form.append(this.input, send);

    const shell = el('section', 'chat');
    shell.lang = 'vi';
    shell.setAttribute('aria-label', heading.textContent);
    shell.append(bar, this.log, this.noticeLine, form);
    root.append(style, shell);
    this.reader = new ReadAloud((available) => shell.classList.toggle('can-read-aloud', available));

    this.smaller.addEventListener('click', () => this.setScale(this.scale - 1));
    this.larger.addEventListener('click', () => this.setScale(this.scale + 1));
    restart.addEventListener('click', () => this.restart());
    form.addEventListener('submit', (event) => { event.preventDefault(); this.submit(); });
    this.input.addEventListener('input', () => this.fitInput());
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) { event.preventDefault(); this.submit(); }
    });
    this.log.addEventListener('click', (event) => {
      const choice = event.target.closest('button.choice');
      if (choice && !choice.disabled) this.send(choice.textContent, choice.dataset.payload);
    });
    this.shell = shell;
  }

  // The box grows with the text (up to its CSS max-height), so all of it stays visible.
  fitInput() {
    this.input.style.height = 'auto';
    if (this.input.value) this.input.style.height = `${this.input.scrollHeight + 4}px`;
  }

  setInput(text) {
    this.input.value = text;
    this.fitInput();
  }

  setScale(index) {
    this.scale = Math.max(0, Math.min(SCALES.length - 1, index));
    this.style.setProperty('--scale', String(SCALES[this.scale]));
    this.smaller.disabled = this.scale === 0;
    this.larger.disabled = this.scale === SCALES.length - 1;
  }

  // Reopened page: show the conversation so far, or start one. While the
  // assistant is still starting (or the network is down) it tries again.
  async start(attempt = 0) {
    if (await this.load() || attempt >= RETRIES) return;
    setTimeout(() => {
      if (!this.busy && !this.log.children.length) this.start(attempt + 1);
    }, RETRY_MS);
  }

  async load() {
    const sender = this.session.existing();
    if (sender) {
      try {
        const history = await this.api.history(sender);
        for (const message of history) {
          if (message.from === 'user') {
            this.removeChoices();
            this.showQuestion(message.text);
          } else {
            this.showReplies([message]);
          }
        }
        this.scrollToEnd();
        if (history.length) return true;
      } catch (error) {
        if (!this.forgetRefused(error)) {
          this.notice(error.message);
          return false;
        }
      }
    }
    return this.welcome();
  }

  // A conversation id the server no longer accepts (its key changed) is
  // dropped, so the next message starts a new conversation. True if it was that.
  forgetRefused(error) {
    if (error.reason !== 'sender') return false;
    this.session.forget();
    return true;
  }

  async welcome() {
    return !this.welcomePayload || this.exchange(this.welcomePayload, null);
  }

  // Typing a button's title counts as tapping it.
  submit() {
    const text = this.input.value.trim();
    if (!text || this.busy) return;
    const choice = this.activeChoices().find((button) => fold(button.textContent) === fold(text));
    this.setInput('');
    this.send(text, choice ? choice.dataset.payload : null).then((sent) => {
      if (!sent && !this.input.value) this.setInput(text);
    });
  }

  async send(text, payload) {
    if (this.busy) return false;
    this.used = true;
    return this.exchange(payload || text, this.showQuestion(text));
  }

  // Sends one message; `question` is its bubble (null for the unseen welcome).
  async exchange(message, question) {
    this.busy = true;
    this.notice('');
    this.setChoicesEnabled(false);
    this.log.append(this.typingRow);
    this.scrollToEnd();
    try {
      const answer = await this.api.send(this.session.existing(), message);
      this.session.keep(answer.sender);
      const replies = answer.messages;
      this.removeChoices();
      this.typingRow.remove();
      const first = this.showReplies(replies);
      this.scrollToStart(question || first);
      return true;
    } catch (error) {
      if (question) question.remove();
      this.setChoicesEnabled(true);
      this.forgetRefused(error);
      this.notice(error.message);
      return false;
    } finally {
      this.typingRow.remove();
      this.busy = false;
      if (this.idle) this.idle.touch();
    }
  }

  showQuestion(text) {
    const bubble = userBubble(text);
    this.log.append(bubble);
    return bubble;
  }

  showReplies(replies) {
    const rows = replies.map((reply) => {
      const row = botBubble(reply);
      const listen = this.reader.button(reply.text || '');
      if (listen) row.append(listen);
      if (reply.buttons && reply.buttons.length) row.append(choices(reply.buttons));
      return row;
    });
    this.log.append(...rows);
    return rows[0] || null;
  }

  activeChoices() {
    return Array.from(this.log.querySelectorAll('button.choice'));
  }

  setChoicesEnabled(enabled) {
    this.activeChoices().forEach((button) => { button.disabled = !enabled; });
  }

  // Only the bot's latest turn keeps its buttons.
  removeChoices() {
    this.log.querySelectorAll('.choices').forEach((group) => group.remove());
  }

  scrollToEnd() {
    this.log.scrollTop = this.log.scrollHeight;
  }

  // Long answers are read from their beginning, not their end.
  scrollToStart(node) {
    if (node) this.log.scrollTop = Math.max(0, node.offsetTop - 8); // .log is the offsetParent
  }

  notice(text) {
    this.noticeLine.textContent = text;
    this.noticeLine.hidden = !text;
  }

  async restart() {
    if (this.busy) return; // an answer is on its way; it must not land in the new conversation
    this.busy = true;
    this.reader.stop();
    const old = this.session.existing();
    this.session.forget();
    this.log.replaceChildren();
    this.setInput('');
    this.notice('');
    this.used = false;
    try {
      if (old) await this.api.reset(old);
    } catch (_) {
      // The id is forgotten either way: nobody can read that conversation again.
    } finally {
      this.busy = false;
    }
    await this.welcome();
  }

  startKiosk() {
    const seconds = Number(this.getAttribute('idle')) || DEFAULT_IDLE_SECONDS;
    this.idleBox = el('div', 'idle');
    this.idleBox.setAttribute('role', 'alertdialog');
    this.idleBox.hidden = true;
    const text = el('p', 'idle-text');
    const stay = el('button', 'idle-continue', STRINGS.idleContinue);
    stay.type = 'button';
    this.idleBox.append(el('h2', 'idle-title', STRINGS.idleTitle), text, stay);
    this.shell.append(this.idleBox);
    this.idle = new IdleTimer(this.shadowRoot, seconds, {
      onActive: () => { this.idleBox.hidden = true; },
      onWarn: (left) => {
        if (!this.used) return;
        text.textContent = STRINGS.idleText(left);
        this.idleBox.hidden = false;
      },
      onTimeout: () => {
        this.idleBox.hidden = true;
        if (this.busy) this.idle.touch(); // an answer is on its way: wait for it
        else if (this.used) this.restart();
      },
    });
    this.shadowRoot.addEventListener('pointerdown', () => {
      const page = document.documentElement;
      if (!document.fullscreenElement && page.requestFullscreen) page.requestFullscreen().catch(() => {});
    }, { once: true });
    this.idle.touch();
  }
}

if (!customElements.get('bdhvs-chat')) customElements.define('bdhvs-chat', BdhvsChat);
