/**
 * Cytoscape.js is a separate chunk, loaded on demand. The app starts loading it as soon as
 * an incident page is the route, so it downloads and compiles while the incident's data is
 * fetched, instead of after.
 */
const importCytoscape = () => import('cytoscape');
type CytoscapeModule = Awaited<ReturnType<typeof importCytoscape>>;

let loading: Promise<CytoscapeModule> | null = null;

export function loadCytoscape(): Promise<CytoscapeModule> {
  if (!loading) {
    loading = importCytoscape().catch((error: unknown) => {
      loading = null;
      throw error;
    });
  }
  return loading;
}
