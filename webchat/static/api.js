// Calls to the web-chat server. Errors carry a message fit to show as is.
import { STRINGS } from './strings.js';

const TIMEOUT_MS = 60000;

// `reason` 'sender': the server no longer accepts this conversation id.
export class ChatError extends Error {
  constructor(message, status = 0, reason = '') {
    super(message);
    this.status = status;
    this.reason = reason;
  }
}

export class ChatApi {
  constructor(base) {
    this.base = base;
  }

  async post(path, body) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
    let response;
    try {
      response = await fetch(new URL(path, this.base), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        credentials: 'omit',
        signal: abort.signal,
      });
    } catch (_) {
      throw new ChatError(STRINGS.offline);
    } finally {
      clearTimeout(timer);
    }
    const data = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) {
      const detail = data && typeof data.detail === 'string' ? data.detail : STRINGS.failed;
      throw new ChatError(detail, response.status, (data && data.reason) || '');
    }
    return data;
  }

  // { sender, messages }; without a sender the server starts a conversation.
  send(sender, message) {
    return this.post('api/messages', sender ? { sender, message } : { message });
  }

  async history(sender) {
    return (await this.post('api/history', { sender })).messages;
  }

  reset(sender) {
    return this.post('api/reset', { sender });
  }
}
