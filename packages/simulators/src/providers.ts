/**
 * Registers the provider simulators with the registry: one side-effect import per provider, e.g.
 * `import './cloudstack/register.js';`.
 */
import './cloudstack/register.js';
import './opennebula/register.js';
import './ovirt/register.js';
