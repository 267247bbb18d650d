"""A stand-in for the browser's speech synthesis, put into every page before
its own scripts run. Headless Chromium has no voices, so the read-aloud
button could not be tested otherwise. The stand-in records what would be
said (`window.__speech.spoken`), keeps speaking until the test ends an
utterance (`window.__speech.finishOne()`), loads its voices late (as real
browsers do) and, like Chrome, fires the events of cancelled utterances
afterwards (counted in `window.__speech.lateEvents`)."""
from __future__ import annotations

import json
from typing import Dict, List, Optional

from selenium import webdriver

VIETNAMESE_ONLINE = {"name": "Google Tiếng Việt", "lang": "vi-VN", "localService": False}
VIETNAMESE_ON_DEVICE = {"name": "Tiếng Việt (máy)", "lang": "vi_VN", "localService": True}
VIETNAMESE_CENTRAL = {"name": "Vietnamese (Central) espeak-ng", "lang": "vi-VN-X-CENTRAL", "localService": True}
ENGLISH = {"name": "English (US)", "lang": "en-US", "localService": True}

FAKE = """
(() => {
  const voices = %(voices)s.map((v) => ({ voiceURI: v.name, default: false, ...v }));
  const state = { spoken: [], cancels: 0, lateEvents: 0, loaded: false, queriesAfterLoad: 0, queue: [] };
  class FakeUtterance extends EventTarget {
    constructor(text) {
      super();
      Object.assign(this, { text, lang: '', rate: 1, pitch: 1, volume: 1, voice: null });
    }
  }
  class FakeSynthesis extends EventTarget {
    get speaking() { return state.queue.length > 0; }
    get pending() { return state.queue.length > 1; }
    get paused() { return false; }
    getVoices() {
      if (!state.loaded) return [];
      state.queriesAfterLoad += 1;
      return voices;
    }
    speak(u) {
      state.spoken.push({ text: u.text, lang: u.lang, rate: u.rate, voice: u.voice && u.voice.name });
      state.queue.push(u);
    }
    cancel() {
      state.cancels += 1;
      state.queue.splice(0).forEach((u, i) => setTimeout(() => {
        u.dispatchEvent(new Event(i === 0 ? 'end' : 'error'));
        state.lateEvents += 1;
      }, 50));
    }
    pause() {}
    resume() {}
  }
  state.finishOne = () => {
    const u = state.queue.shift();
    if (u) u.dispatchEvent(new Event('end'));
  };
  const synth = new FakeSynthesis();
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: FakeUtterance, configurable: true });
  window.__speech = state;
  setTimeout(() => { state.loaded = true; synth.dispatchEvent(new Event('voiceschanged')); }, 300);
})();
"""

NO_SPEECH = """
Object.defineProperty(window, 'speechSynthesis', { value: undefined, configurable: true });
Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: undefined, configurable: true });
"""


def install_fake_speech(driver: webdriver.Chrome, voices: Optional[List[Dict[str, object]]]) -> None:
    """Every page this browser opens gets the stand-in with these voices;
    with None it gets no speech synthesis at all."""
    source = NO_SPEECH if voices is None else FAKE % {"voices": json.dumps(voices, ensure_ascii=False)}
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": source})
