/** esbuild bundles CSS imports into console.css; TypeScript only needs to know they exist. */
declare module '*.css';
