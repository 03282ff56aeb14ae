import { h } from './dom.js';

/**
 * The waveform the node computed at ingest ({"peaks_per_second", "channels": [[[min, max], …], …]})
 * drawn on a canvas, one lane per channel, with the play head; a click or ←/→ asks to seek there.
 */
export class GwWaveform extends HTMLElement {
  /** data: the waveform JSON; duration: the clip's length in seconds. */
  show(data, duration) {
    this.data = data;
    this.duration = duration;
    this.at = 0;
    const channels = data.channels || [];
    this.canvas = h('canvas', { class: 'waveform', role: 'img', tabindex: 0,
      'aria-label': `Waveform of ${channels.length} audio channel(s); click or use the arrow keys to move the play head` });
    this.canvas.addEventListener('click', (ev) => {
      const r = this.canvas.getBoundingClientRect();
      this.seek(((ev.clientX - r.left) / r.width) * this.duration);
    });
    this.canvas.addEventListener('keydown', (ev) => {
      if (ev.key !== 'ArrowLeft' && ev.key !== 'ArrowRight') return;
      ev.preventDefault();
      this.seek(this.at + (ev.key === 'ArrowLeft' ? -1 : 1) * Math.max(this.duration / 50, 0.04));
    });
    this.replaceChildren(this.canvas);
    new ResizeObserver(() => this.draw()).observe(this.canvas);
  }

  seek(seconds) {
    const t = Math.max(0, Math.min(seconds, this.duration));
    this.dispatchEvent(new CustomEvent('seek', { detail: { seconds: t } }));
  }

  /** Moves the play head (seconds into the clip). */
  playhead(seconds) {
    this.at = seconds;
    this.draw();
  }

  draw() {
    const c = this.canvas;
    if (!c || !c.isConnected) return;
    const channels = this.data.channels || [];
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(c.clientWidth * ratio));
    const lane = Math.round(48 * ratio);
    const height = Math.max(lane, lane * channels.length);
    if (c.width !== width || c.height !== height) { c.width = width; c.height = height; }
    const g = c.getContext('2d');
    g.fillStyle = '#20242c';
    g.fillRect(0, 0, width, height);
    channels.forEach((peaks, k) => {
      const mid = lane * k + lane / 2;
      g.fillStyle = k % 2 ? '#7fb2f0' : '#9fd39a';
      for (let x = 0; x < width; x++) {
        // the peaks this pixel column covers: their extremes
        const from = Math.floor((x / width) * peaks.length);
        const to = Math.max(from + 1, Math.floor(((x + 1) / width) * peaks.length));
        let lo = 0;
        let hi = 0;
        for (let i = from; i < to && i < peaks.length; i++) {
          lo = Math.min(lo, peaks[i][0]);
          hi = Math.max(hi, peaks[i][1]);
        }
        const top = mid - hi * (lane / 2 - 2);
        g.fillRect(x, top, 1, Math.max(1, (hi - lo) * (lane / 2 - 2)));
      }
      g.fillStyle = '#3a404c';
      g.fillRect(0, lane * (k + 1) - 1, width, 1);
    });
    if (this.duration > 0) {
      g.fillStyle = '#f0a30a';
      g.fillRect(Math.round((this.at / this.duration) * (width - 2)), 0, Math.max(2, ratio * 2), height);
    }
  }
}
customElements.define('gw-waveform', GwWaveform);
