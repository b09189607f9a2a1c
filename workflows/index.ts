export { applicationWorkflow, chronicApplication, dualChannelApplication } from './application-workflow';
export { diseaseCatalogueSync, retryNetworkFailedFilings } from './maintenance';
