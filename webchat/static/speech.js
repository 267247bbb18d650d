// Read aloud ("🔊 Nghe"): the browser's own speech synthesis reads an answer
// in Vietnamese, for residents who see poorly or read slowly. Offered only
// where the browser has a Vietnamese voice: voices arrive asynchronously
// (`voiceschanged`), so the buttons appear once one is known. Nothing leaves
// the browser. One reading at a time: pressing again, or another answer's
// button, stops the current one.
import { linkParts } from './linkify.js';
import { el, STEP, WARNING } from './render.js';
import { STRINGS } from './strings.js';

const LANG = 'vi-VN';
const RATE = 0.85; // a little slower than usual, for older listeners
const EMOJI = /[\p{Extended_Pictographic}\u{FE0F}\u{200D}\u{20E3}]/gu;
const SENTENCE_END = /(?<=\p{L}[.!?…])\s+/u;
const CLOSED = /[.!?…:;,]$/u;
const STANDARD_VIETNAMESE = /^vi(?:[-_]vn)?$/i;

function isVietnamese(voice) {
  return /^vi(?:[-_]|$)/i.test(voice.lang || '');
}

// A voice on the device itself first (it works offline and reads long
// answers to the end), then standard Vietnamese before regional variants
// (espeak-ng lists "vi-VN-x-central" before "vi").
function vietnameseVoice(voices) {
  const rank = (voice) => (voice.localService ? 0 : 2) + (STANDARD_VIETNAMESE.test(voice.lang) ? 0 : 1);
  return voices.filter(isVietnamese).sort((a, b) => rank(a) - rank(b))[0] || null;
}

// Addresses as their site's name ("dichvucong chấm gov chấm vn"), phone numbers digit by digit.
function spokenPart({ text, kind }) {
  if (kind === 'phone') return text.split(/[ .]/).map((group) => [...group].join(' ')).join(', ');
  if (!kind) return text;
  const site = text.replace(/^https?:\/\//i, '').replace(/^www\./i, '').split(/[/?#:]/)[0];
  return site.split('.').join(` ${STRINGS.spokenDot} `);
}

function spokenLine(line) {
  const step = line.match(STEP);
  let words = line;
  if (step) words = `${STRINGS.stepOf(step[1], step[2])}. ${step[3]}`;
  else if (WARNING.test(line)) words = `${STRINGS.spokenWarning}: ${line}`;
  const text = linkParts(words).map(spokenPart).join('').replace(EMOJI, '').replace(/\s+/g, ' ').trim();
  return text && !CLOSED.test(text) ? `${text}.` : text;
}

// An answer as the sentences to speak, one utterance each: short utterances
// are not cut off by browsers that stop long ones, and stopping is immediate.
export function spokenSentences(text) {
  return text.split('\n').map(spokenLine).filter(Boolean).flatMap((line) => line.split(SENTENCE_END));
}

export class ReadAloud {
  // onAvailable(boolean): whether answers can be read aloud; called again when the voices change.
  constructor(onAvailable) {
    this.synth = window.speechSynthesis;
    this.voice = null;
    this.reading = null;
    if (!this.synth || typeof window.SpeechSynthesisUtterance !== 'function') {
      onAvailable(false);
      return;
    }
    const update = () => {
      this.voice = vietnameseVoice(this.synth.getVoices() || []);
      if (!this.voice) this.stop();
      onAvailable(Boolean(this.voice));
    };
    this.synth.addEventListener('voiceschanged', update);
    window.addEventListener('pagehide', () => this.stop());
    update();
  }

  // The "🔊 Nghe" button for one answer; null when there are no words to read (only emoji).
  button(text) {
    const sentences = spokenSentences(text);
    if (!sentences.length) return null;
    const button = el('button', 'read-aloud');
    button.type = 'button';
    this.show(button, false);
    button.addEventListener('click', () => this.toggle(button, sentences));
    return button;
  }

  show(button, reading) {
    button.textContent = reading ? STRINGS.stopReading : STRINGS.readAloud;
    button.setAttribute('aria-label', reading ? STRINGS.stopReadingLabel : STRINGS.readAloudLabel);
    button.classList.toggle('reading', reading);
  }

  toggle(button, sentences) {
    const again = this.reading !== null && this.reading.button === button;
    this.stop();
    if (!again) this.read(button, sentences);
  }

  read(button, sentences) {
    if (!this.voice) return;
    const reading = { button };
    this.reading = reading;
    this.show(button, true);
    // Events of a reading already stopped (cancel() fires them late) change nothing.
    const finished = () => { if (this.reading === reading) this.stop(); };
    sentences.forEach((sentence, index) => {
      const utterance = new window.SpeechSynthesisUtterance(sentence);
      utterance.lang = LANG;
      utterance.voice = this.voice;
      utterance.rate = RATE;
      if (index === sentences.length - 1) utterance.addEventListener('end', finished);
      utterance.addEventListener('error', finished);
      this.synth.speak(utterance);
    });
  }

  stop() {
    if (!this.reading) return;
    this.show(this.reading.button, false);
    this.reading = null;
    this.synth.cancel();
  }
}
