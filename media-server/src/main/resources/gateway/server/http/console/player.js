import { api, onSessionChange, currentSession, token } from './api.js';
import { h } from './dom.js';
import { ClipClock, secondsOf } from './timecode.js';

/**
 * A <video> on the node's stream rendition, by byte ranges (the browser asks for them), with the
 * token in an HttpOnly cookie scoped to /api/v1/media/ (never in the URL), set again before that
 * token expires (the browser asks for ranges as it plays: the cookie must outlive each token). The timecode display is
 * the source timecode of the frame on screen, from the fragment index, the asset's rational rate and
 * start timecode in whole frames. Keys (when the player has focus): J K L shuttle, ← → one frame,
 * Shift+← → one second, Home / End, Space play / pause.
 */
export class GwPlayer extends HTMLElement {
  /** {assetId, profile, rate, startTimecode, timecodeRate, name}; returns once the stream is set. */
  async load(o) {
    this.o = o;
    const index = await api(`/api/v1/assets/${encodeURIComponent(o.assetId)}/fragments/${encodeURIComponent(o.profile)}`);
    this.clock = new ClipClock(o.rate, o.startTimecode, index.fragments, o.timecodeRate || o.rate);
    this.video = h('video', { preload: 'auto', playsinline: true, 'aria-label': `${o.name} (${o.profile})` });
    this.tc = h('output', { class: 'tc', id: 'player-tc', 'aria-label': 'Source timecode' }, this.clock.label(0));
    this.frameInfo = h('span', { class: 'muted', id: 'player-frame' }, '');
    this.state = h('span', { class: 'muted', id: 'player-state' }, 'paused');
    const button = (label, text, fn) => h('button', { type: 'button', class: 'secondary', 'aria-label': label, onclick: () => { fn(); this.surface.focus(); } }, text);
    this.playButton = button('Play', '▶', () => this.toggle());
    this.surface = h('div', { class: 'player', tabindex: 0, role: 'group', 'aria-roledescription': 'video player',
      'aria-label': `Player of ${o.name}. J K L shuttle, left and right arrows step one frame.`, 'aria-describedby': 'player-keys' },
    this.video);
    this.surface.addEventListener('keydown', (ev) => this.key(ev));
    this.surface.addEventListener('click', () => this.surface.focus());
    this.replaceChildren(this.surface,
      h('div', { class: 'transport' },
        button('Previous frame', '◀︎|', () => this.step(-1)),
        this.playButton,
        button('Next frame', '|▶︎', () => this.step(1)),
        this.tc, this.frameInfo, this.state),
      h('p', { class: 'muted keys', id: 'player-keys' }, 'Keys: J reverse, K pause, L play (again: faster), ← → one frame, Shift+← → one second, Home / End.'));
    ['timeupdate', 'seeked', 'loadedmetadata', 'pause', 'play'].forEach((e) => this.video.addEventListener(e, () => this.show()));
    this.video.addEventListener('error', () => this.failed());
    // A failed load is retried once; again only once playing or a seek has moved on from where it failed.
    this.video.addEventListener('timeupdate', () => {
      if (this.retried && Math.abs(this.video.currentTime - this.retriedAt) > 1) this.retried = false;
    });
    if ('requestVideoFrameCallback' in this.video) {
      const onFrame = (now, meta) => { this.show(meta.mediaTime); this.video.requestVideoFrameCallback(onFrame); };
      this.video.requestVideoFrameCallback(onFrame);
    }
    this.unlisten = onSessionChange((s) => { if (s) this.authorise().catch(() => {}); });
    await this.authorise();
    this.video.src = `/api/v1/media/${encodeURIComponent(o.assetId)}/${encodeURIComponent(o.profile)}`;
  }

  disconnectedCallback() { this.stopReverse(); this.video?.pause(); this.unlisten?.(); clearTimeout(this.renewal); }

  /** The media cookie for this session's current access token; renewed before that token expires. */
  async authorise() {
    if (!currentSession()) return;
    await api('/api/v1/media/session', { method: 'POST' });
    this.authorisedAt = Date.now();
    this.renewLater();
  }

  /**
   * Nothing else on this page may need the token before it expires (no event stream here), yet the
   * video asks for ranges as it plays: 25 s before the expiry the session is refreshed (token()
   * refreshes a token with less than 30 s left), and the refresh sets the cookie again (the
   * session listener calls authorise).
   */
  renewLater() {
    clearTimeout(this.renewal);
    const s = currentSession();
    if (!s) return;
    this.renewal = setTimeout(() => { token().catch(() => {}); }, Math.max(1_000, s.accessExpires - Date.now() - 25_000));
  }

  /** A failed load (a refused range, a token change): authorise again once and go on where it was, playing if it played. */
  async failed() {
    const at = this.video.currentTime;
    const playing = !this.video.paused;
    if (this.retried) {
      this.state.textContent = `cannot play: ${this.video.error?.message || 'the stream did not load'}`;
      return;
    }
    this.retried = true;
    this.retriedAt = at;
    await this.authorise();
    this.video.load();
    this.video.currentTime = at;
    if (playing) this.video.play().catch(() => {});
  }

  get frame() { return this.clock.frameAt(this.video.currentTime); }

  show(mediaTime) {
    if (!this.clock) return;
    const frame = this.clock.frameAt(mediaTime ?? this.video.currentTime);
    this.tc.textContent = this.clock.label(frame);
    const total = this.clock.frames ?? '?';
    this.frameInfo.textContent = `frame ${frame + 1} of ${total} · fragment ${this.clock.fragmentOf(frame) + 1} of ${this.clock.fragments.length}`;
    const playing = !this.video.paused || this.reverse;
    this.state.textContent = this.reverse ? `reverse ×${this.reverse}` : playing ? `playing ×${this.video.playbackRate}` : 'paused';
    this.playButton.textContent = playing ? '❚❚' : '▶';
    this.playButton.setAttribute('aria-label', playing ? 'Pause' : 'Play');
    this.dispatchEvent(new CustomEvent('frame', { detail: { frame, seconds: mediaTime ?? this.video.currentTime } }));
  }

  toggle() {
    if (this.video.paused && !this.reverse) this.play(1); else this.pause();
  }

  play(rate) {
    this.stopReverse();
    this.video.playbackRate = rate;
    this.video.play().catch((e) => { this.state.textContent = `cannot play: ${e.message}`; });
  }

  pause() {
    this.stopReverse();
    this.video.pause();
    // rest on a frame boundary: the display and the picture agree
    this.seekFrame(this.frame);
  }

  /** Reverse shuttle: the element cannot play backwards, so the time is stepped back each animation frame. */
  shuttleBack(speed) {
    this.video.pause();
    this.reverse = speed;
    let last = performance.now();
    const tick = (now) => {
      if (!this.reverse) return;
      const t = this.video.currentTime - ((now - last) / 1000) * this.reverse;
      last = now;
      if (t <= 0) { this.video.currentTime = 0; this.stopReverse(); this.show(); return; }
      if (!this.video.seeking) this.video.currentTime = t;
      this.raf = requestAnimationFrame(tick);
    };
    this.raf = requestAnimationFrame(tick);
    this.show();
  }

  stopReverse() {
    this.reverse = 0;
    if (this.raf) cancelAnimationFrame(this.raf);
  }

  seekFrame(frame) {
    const last = (this.clock.frames ?? Infinity) - 1;
    const f = Math.max(0, Math.min(frame, last));
    this.video.currentTime = secondsOf(f, this.clock.rate);
    return f;
  }

  step(frames) {
    this.stopReverse();
    this.video.pause();
    this.seekFrame(this.frame + frames);
  }

  key(ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const base = this.clock.timecodeRate.num / this.clock.timecodeRate.den;
    const second = Math.round(base);
    switch (ev.key) {
      case 'j': case 'J':
        this.shuttleBack(this.reverse ? Math.min(this.reverse * 2, 8) : 1); break;
      case 'k': case 'K':
        this.pause(); break;
      case 'l': case 'L':
        this.play(!this.video.paused && !this.reverse ? Math.min(this.video.playbackRate * 2, 8) : 1); break;
      case ' ':
        this.toggle(); break;
      case 'ArrowLeft':
        this.step(ev.shiftKey ? -second : -1); break;
      case 'ArrowRight':
        this.step(ev.shiftKey ? second : 1); break;
      case 'Home':
        this.step(-this.frame); break;
      case 'End':
        this.step((this.clock.frames ?? this.frame) - 1 - this.frame); break;
      default:
        return;
    }
    ev.preventDefault();
  }
}
customElements.define('gw-player', GwPlayer);
