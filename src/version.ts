/** The library version, recorded in every result's settings (a test keeps it equal to package.json). */
export const VERSION = "0.1.0";
