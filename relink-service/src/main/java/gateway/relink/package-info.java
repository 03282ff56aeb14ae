/** Conform entry points: {@code Conform} (read, link, write, report) and {@code Convert}. */
package gateway.relink;
