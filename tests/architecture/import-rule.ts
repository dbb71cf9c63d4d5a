import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, posix, relative } from "node:path";
import ts from "typescript";

/**
 * The layers of app/, in the order imports may point: a layer imports only those it lists (and
 * itself). `features` may import other capabilities as long as no two of them import each other,
 * and `ui` may read a feature's types (`import type`), never its code.
 */
export type Layer =
  | "routes"
  | "entry"
  | "ui"
  | "features"
  | "server"
  | "cli"
  | "platform"
  | "domain";

export const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  routes: ["ui", "features", "domain", "platform"],
  // Remix's entry.server.tsx draws the ui through the server pipeline.
  entry: ["server", "ui", "features", "platform", "domain"],
  ui: ["domain"],
  features: ["domain", "platform"],
  server: ["features", "platform", "domain"],
  cli: ["features", "platform", "domain"],
  platform: ["domain"],
  domain: [],
};

/** The layer of a path relative to the repository root, or null when it belongs to none. */
export function layerOf(path: string): Layer | null {
  if (path === "app/root.tsx") return "routes";
  if (path === "app/entry.server.tsx") return "entry";
  // db/ (schema, client, migrator) is the platform's database half; it imports only domain.
  if (path.startsWith("db/")) return "platform";
  const [top, folder] = path.split("/");
  if (top !== "app") return null;
  switch (folder) {
    case "routes":
    case "ui":
    case "features":
    case "server":
    case "cli":
    case "platform":
    case "domain":
      return folder;
    default:
      return null;
  }
}

/** features/<capability>/... -> capability */
export function capabilityOf(path: string): string | null {
  const match = /^app\/features\/([^/]+)\//.exec(path);
  return match ? match[1]! : null;
}

export type ImportEdge = {
  from: string;
  to: string;
  specifier: string;
  typeOnly: boolean;
};

/** Every import, export-from and import() in one file's text, resolved to repo paths. */
export function importsOf(
  from: string,
  text: string,
  exists: (path: string) => boolean,
): ImportEdge[] {
  const source = ts.createSourceFile(
    from,
    text,
    ts.ScriptTarget.Latest,
    false,
    from.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isImportDeclaration(node) &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const clause = node.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push({
        specifier: node.moduleSpecifier.text,
        typeOnly: node.isTypeOnly,
      });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found.flatMap(({ specifier, typeOnly }) => {
    const to = resolveSpecifier(from, specifier, exists);
    return to === null ? [] : [{ from, to, specifier, typeOnly }];
  });
}

const EXTENSIONS = ["", ".ts", ".tsx", "/index.ts", "/index.tsx"];

/** A project file a specifier names (packages and assets such as `?url` are not ours to check). */
function resolveSpecifier(
  from: string,
  specifier: string,
  exists: (path: string) => boolean,
): string | null {
  if (specifier.includes("?")) return null;
  let base: string;
  if (specifier.startsWith("~/")) base = posix.join("app", specifier.slice(2));
  else if (specifier.startsWith(".")) {
    base = posix.normalize(posix.join(posix.dirname(from), specifier));
  } else return null;
  for (const extension of EXTENSIONS) {
    if (exists(base + extension)) return base + extension;
  }
  return base; // unresolved: still checked by its place, and tsc reports it
}

/** What breaks the rule, one line each, naming the file and its import. */
export function violationsOf(
  files: readonly string[],
  edges: readonly ImportEdge[],
): string[] {
  const problems = new Set<string>();
  for (const file of files) {
    if (file.startsWith("app/") && layerOf(file) === null) {
      problems.add(`${file} belongs to no layer of app/`);
    }
  }
  for (const edge of edges) {
    const from = layerOf(edge.from);
    const to = layerOf(edge.to);
    if (from === null || to === null || from === to) continue;
    if (MAY_IMPORT[from].includes(to)) continue;
    if (from === "ui" && to === "features" && edge.typeOnly) continue;
    problems.add(
      `${edge.from} imports "${edge.specifier}": ${from} may import ${describe(from)}, not ${to}`,
    );
  }
  for (const cycle of cyclesOf(edges.map((e) => [e.from, e.to] as const))) {
    problems.add(`import cycle: ${[...cycle, cycle[0]].join(" -> ")}`);
  }
  const capabilityEdges = edges.flatMap((e) => {
    const from = capabilityOf(e.from);
    const to = capabilityOf(e.to);
    return from && to && from !== to ? [[from, to] as const] : [];
  });
  for (const cycle of cyclesOf(capabilityEdges)) {
    const names = [...cycle, cycle[0]].map((c) => `features/${c}`);
    const example = cycle.map((from, i) => {
      const to = cycle[(i + 1) % cycle.length];
      const edge = edges.find(
        (e) => capabilityOf(e.from) === from && capabilityOf(e.to) === to,
      )!;
      return `${edge.from} imports "${edge.specifier}"`;
    });
    problems.add(
      `capabilities import each other: ${names.join(" -> ")} (${example.join("; ")})`,
    );
  }
  return [...problems];
}

function describe(layer: Layer): string {
  const allowed = MAY_IMPORT[layer];
  const list = allowed.length === 0 ? "nothing of app/" : allowed.join(", ");
  return layer === "ui" ? `${list} (and types from features)` : list;
}

/** Each strongly connected group of more than one node, or a node importing itself. */
export function cyclesOf(
  pairs: readonly (readonly [string, string])[],
): string[][] {
  const next = new Map<string, Set<string>>();
  for (const [from, to] of pairs) {
    if (!next.has(from)) next.set(from, new Set());
    if (!next.has(to)) next.set(to, new Set());
    next.get(from)!.add(to);
  }
  // Tarjan's algorithm.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const connect = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node)!) {
      if (!index.has(to)) {
        connect(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node)!, index.get(to)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1 || next.get(node)!.has(node)) {
        groups.push(group.reverse());
      }
    }
  };
  for (const node of [...next.keys()].sort()) {
    if (!index.has(node)) connect(node);
  }
  return groups;
}

/** Every .ts/.tsx file under app/ of the repository at root, with its imports. */
export function readTree(root: string): {
  files: string[];
  edges: ImportEdge[];
} {
  const exists = (path: string) => {
    const full = join(root, path);
    return existsSync(full) && statSync(full).isFile();
  };
  const files = codeFilesUnder(root, join(root, "app"));
  const edges = files.flatMap((path) =>
    importsOf(path, readFileSync(join(root, path), "utf8"), exists),
  );
  return { files, edges };
}

function codeFilesUnder(root: string, folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = join(folder, name);
    if (statSync(full).isDirectory()) return codeFilesUnder(root, full);
    return /\.tsx?$/.test(name)
      ? [relative(root, full).split("\\").join("/")]
      : [];
  });
}

export const repositoryRoot = join(
  dirname(new URL(import.meta.url).pathname),
  "../..",
);
