/**
 * A page opened from disk is not cross-origin isolated, so the browser does not define
 * SharedArrayBuffer. The core allocates nothing shared on one thread, but asks
 * `buffer instanceof SharedArrayBuffer` to choose between atomic and plain writes; an
 * empty class answers "no", as the real one would for every buffer the core allocates here.
 */
const scope = globalThis as { SharedArrayBuffer?: unknown };
if (typeof scope.SharedArrayBuffer === 'undefined') {
  Object.defineProperty(scope, 'SharedArrayBuffer', { value: class SharedArrayBufferAbsent {}, configurable: true, writable: true });
}
export {};
