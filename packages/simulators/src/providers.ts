/**
 * Registers the provider simulators with the registry: one side-effect import per provider, e.g.
 * `import './cloudstack/register.js';`.
 */
import './cloudstack/register.js';
import './ec2/register.js';
import './opennebula/register.js';
import './openstack/register.js';
import './ovirt/register.js';
