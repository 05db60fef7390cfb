// Stylesheets are imported for the bundler (esbuild puts them into app.css).
declare module '*.css';
