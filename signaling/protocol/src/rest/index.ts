/** The REST API's contract (docs/api.md): the server's route schemas and the web's types. */
export * from './common';
export * from './cases';
export * from './sessions';
export * from './org';
export * from './consultations';
export * from './reports';
export * from './recordings';
export * from './notes';
