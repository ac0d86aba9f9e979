export { loadConfig, kpiSettingsOf, ConfigError, type Config, type ConfigSection } from './config.js';
export { createLogger, type Logger } from './logger.js';
export { applyProcessNice, setProcessNice, type PriorityOutcome } from './cpu-priority.js';
