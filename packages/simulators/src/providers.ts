/**
 * Registers the provider simulators with the registry: one side-effect import per provider, e.g.
 * `import './cloudstack/register.js';`. None is registered yet.
 */
