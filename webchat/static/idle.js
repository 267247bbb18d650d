// Kiosk inactivity: warns a little before the timeout, then calls onTimeout.
const ACTIVITY = ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart', 'scroll'];

export class IdleTimer {
  constructor(target, seconds, { onActive, onWarn, onTimeout }) {
    this.seconds = seconds;
    this.warnSeconds = Math.max(1, Math.min(20, Math.floor(seconds / 3)));
    this.onActive = onActive;
    this.onWarn = onWarn;
    this.onTimeout = onTimeout;
    this.timers = [];
    this.touch = this.touch.bind(this);
    for (const type of ACTIVITY) target.addEventListener(type, this.touch, { capture: true, passive: true });
  }

  // Activity (or an answer arriving) starts the countdown again.
  touch() {
    this.stop();
    this.onActive();
    const warnAt = (this.seconds - this.warnSeconds) * 1000;
    this.timers = [
      setTimeout(() => this.onWarn(this.warnSeconds), warnAt),
      setTimeout(() => this.onTimeout(), this.seconds * 1000),
    ];
  }

  stop() {
    this.timers.forEach(clearTimeout);
    this.timers = [];
  }
}
