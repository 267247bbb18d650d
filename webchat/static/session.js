// The one thing the chat keeps in the browser: its conversation id, issued and
// signed by the server with the answer to the first message (another person's
// id cannot be made up or guessed).
// No messages, names or numbers are stored; the server keeps the conversation.
const KEY = 'bdhvs-chat.sender';
const SIGNED_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.[A-Za-z0-9_-]{43}$/;

export class Session {
  // storage: localStorage (survives reloads) or sessionStorage (kiosk).
  constructor(storage) {
    this.storage = storage;
    this.current = null;
  }

  // The id of a conversation already under way, or null.
  existing() {
    if (this.current) return this.current;
    try {
      const stored = this.storage.getItem(KEY);
      if (SIGNED_ID.test(stored || '')) this.current = stored;
    } catch (_) { /* storage blocked: the conversation lasts as long as the page */ }
    return this.current;
  }

  // Keeps the id the server sent with an answer (a new one for a first message).
  keep(id) {
    if (!SIGNED_ID.test(id || '') || id === this.current) return;
    this.current = id;
    try { this.storage.setItem(KEY, id); } catch (_) { /* see existing() */ }
  }

  forget() {
    this.current = null;
    try { this.storage.removeItem(KEY); } catch (_) { /* nothing stored */ }
  }
}
