import { createContext, useContext } from "react";

/**
 * The Content-Security-Policy nonce of the page being rendered (entry.server.tsx makes one
 * per request). In the browser it is empty: browsers hide nonces from the page, and the
 * scripts that need one were already allowed when the page loaded.
 */
export const NonceContext = createContext("");

export const useNonce = () => useContext(NonceContext);
