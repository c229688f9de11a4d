import { defineCoordinationContract } from './coordination-contract.js';
import {
  createMemoryCoordinationData,
  MemoryCoordination,
  type MemoryCoordinationData,
} from './memory-coordination.js';

defineCoordinationContract('MemoryCoordination', () => {
  let data: MemoryCoordinationData = createMemoryCoordinationData();
  return {
    async open() {
      data = createMemoryCoordinationData();
      return new MemoryCoordination(data);
    },
    async openReplica() {
      return new MemoryCoordination(data);
    },
    cleanup() {},
  };
});
