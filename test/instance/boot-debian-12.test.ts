// debian-12: the master and a node boot from their real user data in simulated instances.
import { describeBoots } from '../support/instance/boot-matrix.js';

describeBoots('debian-12');
