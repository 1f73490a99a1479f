import { vitePlugin as remix } from '@remix-run/dev'
import { defineConfig } from 'vite'
import tsconfigPaths from 'vite-tsconfig-paths'

declare module '@remix-run/node' {
  // Single Fetch changes what loaders' data types look like; this turns the new types on.
  interface Future {
    v3_singleFetch: true
  }
}

export default defineConfig(({ isSsrBuild }) => ({
  plugins: [
    remix({
      // Every v3 flag on, so the move to React Router v7 is mechanical.
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        v3_routeConfig: true,
      },
    }),
    tsconfigPaths(),
  ],
  build: {
    sourcemap: false,
    // The @berth/* workspace packages are TypeScript sources (decision 0002). They stay external
    // in the server build so that the running process (under tsx) and the tests load the one copy
    // of core and of the Prisma client the rest of the process uses; bundled, the build would have
    // its own DomainError class and its own database pool. (Vite bundles linked workspace packages
    // even when listed in ssr.external, hence rollupOptions.) The browser build never sees them:
    // only *.server.ts modules and loaders/actions import them.
    ...(isSsrBuild ? { rollupOptions: { external: [/^@berth\//] } } : {}),
  },
}))
