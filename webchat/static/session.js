// The one thing the chat keeps in the browser: a random conversation id.
// No messages, names or numbers are stored; the server keeps the conversation.
const KEY = 'bdhvs-chat.sender';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// crypto.randomUUID needs https; getRandomValues also works on a kiosk's plain-http LAN address.
function randomId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

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
      if (UUID.test(stored || '')) this.current = stored;
    } catch (_) { /* storage blocked: the conversation lasts as long as the page */ }
    return this.current;
  }

  id() {
    if (!this.existing()) {
      this.current = randomId();
      try { this.storage.setItem(KEY, this.current); } catch (_) { /* see existing() */ }
    }
    return this.current;
  }

  forget() {
    this.current = null;
    try { this.storage.removeItem(KEY); } catch (_) { /* nothing stored */ }
  }
}
