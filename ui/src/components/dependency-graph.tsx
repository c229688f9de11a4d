/**
 * The service dependency graph (Cytoscape.js, loaded on demand) with the root cause, the
 * blast radius, services at risk and the propagation path highlighted. A text line under it
 * states the path for readers who cannot see the drawing.
 */
import type { Core, ElementDefinition, StylesheetStyle } from 'cytoscape';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { IncidentGraph } from '../lib/graph-highlight.js';
import { loadCytoscape } from '../lib/load-cytoscape.js';
import type { Palette } from '../lib/theme.js';

function stylesheet(p: Palette): StylesheetStyle[] {
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        'background-color': p.node,
        color: p.text,
        'font-size': 10,
        'text-valign': 'bottom',
        'text-margin-y': 3,
        'text-background-color': p.surface,
        'text-background-opacity': 0.85,
        'text-background-padding': '1px',
        width: 18,
        height: 18,
        'border-width': 0,
      },
    },
    {
      selector: 'edge',
      style: {
        width: 1.2,
        'line-color': p.edge,
        'target-arrow-color': p.edge,
        'target-arrow-shape': 'triangle',
        'curve-style': 'bezier',
        'arrow-scale': 0.8,
      },
    },
    {
      selector: 'edge.error',
      style: { 'line-style': 'dashed', 'line-color': p.blast, 'target-arrow-color': p.blast },
    },
    { selector: 'node.at-risk', style: { 'background-color': p.atRisk } },
    { selector: 'node.blast', style: { 'background-color': p.blast, width: 22, height: 22 } },
    { selector: 'node.path', style: { 'border-width': 3, 'border-color': p.path } },
    { selector: 'node.alerting', style: { shape: 'diamond', width: 26, height: 26 } },
    {
      selector: 'node.root',
      style: { 'background-color': p.root, width: 30, height: 30, 'font-weight': 'bold' },
    },
    {
      selector: 'edge.path',
      style: {
        width: 3.5,
        'line-color': p.path,
        'target-arrow-color': p.path,
        'line-style': 'solid',
        'z-index': 10,
      },
    },
  ];
}

function elements(graph: IncidentGraph): ElementDefinition[] {
  return [
    ...graph.nodes.map((n) => ({ data: { id: n.id, label: n.label }, classes: n.classes.join(' ') })),
    ...graph.edges.map((e) => ({
      data: { id: e.id, source: e.source, target: e.target },
      classes: e.classes.join(' '),
    })),
  ];
}

export function DependencyGraph(props: { graph: IncidentGraph; palette: Palette }) {
  const host = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const { graph, palette } = props;

  useEffect(() => {
    let cy: Core | null = null;
    let cancelled = false;
    loadCytoscape().then(
      ({ default: cytoscape }) => {
        if (cancelled || !host.current) return;
        const targets = new Set(graph.edges.map((e) => e.target));
        const roots = graph.nodes.filter((n) => !targets.has(n.id)).map((n) => n.id);
        cy = cytoscape({
          container: host.current,
          elements: elements(graph),
          style: stylesheet(palette),
          layout: {
            name: 'breadthfirst',
            directed: true,
            spacingFactor: 1.2,
            roots: roots.length ? roots : undefined,
            padding: 12,
          },
          minZoom: 0.3,
          maxZoom: 3,
          wheelSensitivity: 0.3,
          boxSelectionEnabled: false,
          autoungrabify: false,
        });
      },
      (err: unknown) => setError(`The graph could not be drawn: ${String(err)}`),
    );
    return () => {
      cancelled = true;
      cy?.destroy();
    };
  }, [graph, palette]);

  if (graph.nodes.length === 0) return <p class="muted">No topology is known for this incident.</p>;
  return (
    <figure class="graph-figure">
      <div
        class="graph"
        ref={host}
        role="img"
        aria-label={`Dependency graph of ${graph.nodes.length} services${graph.path.length ? `; propagation path ${graph.path.join(' → ')}` : ''}`}
        data-testid="dependency-graph"
      />
      {error && <p class="error">{error}</p>}
      <figcaption>
        <span class="legend-item">
          <i class="dot root" /> root cause
        </span>
        <span class="legend-item">
          <i class="dot blast" /> blast radius
        </span>
        <span class="legend-item">
          <i class="dot at-risk" /> at risk
        </span>
        <span class="legend-item">
          <i class="diamond" /> alerting
        </span>
        <span class="legend-item">
          <i class="line path" /> propagation path
        </span>
        <span class="legend-item">
          <i class="line error" /> errors seen
        </span>
        {graph.path.length > 1 && (
          <div class="path-text">
            Path: <strong>{graph.path.join(' → ')}</strong> (calls; the failure travelled back up)
          </div>
        )}
      </figcaption>
    </figure>
  );
}
