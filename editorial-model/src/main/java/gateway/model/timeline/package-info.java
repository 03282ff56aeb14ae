/** The timeline model: timeline, tracks, clips, gaps, transitions, markers, effects, media references. */
package gateway.model.timeline;
