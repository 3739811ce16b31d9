namespace ReviewQueue.App.Api;

/// <summary>
/// The API reference at <c>/api/docs</c>: one self-contained page (no CDN; the app may run
/// offline) that reads <c>/openapi/v1.json</c> and lists every operation with its parameters,
/// body and answers.
/// </summary>
public static class ApiDocsPage
{
    public static IResult Render() => TypedResults.Content(Html, "text/html; charset=utf-8");

    private const string Html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>ReviewQueue API reference</title>
        <style>
          body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem;
                 color: #1f2328; line-height: 1.5; }
          code, pre { font-family: ui-monospace, monospace; background: #f6f8fa; border-radius: 4px; }
          code { padding: 0 .25rem; }
          pre { padding: .75rem; overflow-x: auto; }
          h2 { border-bottom: 1px solid #d0d7de; padding-bottom: .25rem; margin-top: 2.5rem; }
          .op { border: 1px solid #d0d7de; border-radius: 6px; padding: .5rem 1rem; margin: 1rem 0; }
          .method { display: inline-block; min-width: 4.5rem; font-weight: 700; }
          .GET { color: #0969da; } .POST { color: #1a7f37; } .PATCH { color: #9a6700; } .DELETE { color: #cf222e; }
          table { border-collapse: collapse; } td, th { padding: .15rem .75rem .15rem 0; text-align: left; }
          .muted { color: #57606a; }
        </style>
        </head>
        <body>
        <h1>ReviewQueue API reference</h1>
        <p>Authenticate with the sign-in cookie, or with a project API key:
          <code>Authorization: Bearer &lt;key&gt;</code>. A key acts in its project with the role it was given;
          signed-in users name the project with <code>?project=&lt;slug&gt;</code> where a call needs one.
          Errors are <code>application/problem+json</code> with a <code>detail</code> and, for bad fields,
          <code>errors</code> by field. The machine-readable document is
          <a href="/openapi/v1.json"><code>/openapi/v1.json</code></a>.</p>
        <pre>curl -H "Authorization: Bearer $KEY" http://localhost:5203/api/review/queues</pre>
        <div id="operations"><p class="muted">Loading the OpenAPI document…</p></div>
        <h2>tRPC</h2>
        <p>The review procedures are callable with an unmodified <code>@trpc/client</code> (v11, httpLink or
          httpBatchLink, no transformer) at <code>/api/trpc</code>:</p>
        <table>
          <tr><th>procedure</th><th>type</th><th>input</th></tr>
          <tr><td><code>review.listQueues</code></td><td>query</td><td><code>{ project? }</code></td></tr>
          <tr><td><code>review.getQueue</code></td><td>query</td><td><code>{ queueId }</code></td></tr>
          <tr><td><code>review.createQueue</code></td><td>mutation</td>
              <td><code>{ name, description?, project? }</code></td></tr>
          <tr><td><code>review.addItems</code></td><td>mutation</td><td><code>{ queueId, traceIds }</code></td></tr>
          <tr><td><code>review.exportToDataset</code></td><td>mutation</td>
              <td><code>{ queueId, datasetId? , datasetName? }</code></td></tr>
        </table>
        <script>
        (async () => {
          const root = document.getElementById('operations');
          const text = (tag, value, cls) => {
            const el = document.createElement(tag);
            el.textContent = value;
            if (cls) el.className = cls;
            return el;
          };
          const schemaName = (s) => !s ? '' : s.$ref ? s.$ref.split('/').pop()
            : s.type === 'array' ? schemaName(s.items) + '[]' : (s.type || 'object');
          try {
            const response = await fetch('/openapi/v1.json');
            const doc = await response.json();
            root.replaceChildren();
            const byTag = new Map();
            for (const [path, item] of Object.entries(doc.paths || {})) {
              for (const [method, op] of Object.entries(item)) {
                if (typeof op !== 'object' || !op.responses) continue;
                const tag = (op.tags && op.tags[0]) || 'Other';
                if (!byTag.has(tag)) byTag.set(tag, []);
                byTag.get(tag).push({ path, method: method.toUpperCase(), op });
              }
            }
            for (const [tag, ops] of byTag) {
              root.append(text('h2', tag));
              for (const { path, method, op } of ops) {
                const box = document.createElement('div');
                box.className = 'op';
                const head = document.createElement('div');
                head.append(text('span', method, 'method ' + method), text('code', path));
                box.append(head);
                if (op.summary) box.append(text('p', op.summary));
                const params = (op.parameters || []).map(p => p.name + ' (' + p.in + ')');
                if (params.length) box.append(text('div', 'Parameters: ' + params.join(', '), 'muted'));
                const body = op.requestBody && op.requestBody.content && op.requestBody.content['application/json'];
                if (body) box.append(text('div', 'Body: ' + schemaName(body.schema), 'muted'));
                const answers = Object.entries(op.responses).map(([status, r]) => {
                  const content = r.content && Object.values(r.content)[0];
                  return status + (content && content.schema ? ' ' + schemaName(content.schema) : '');
                });
                box.append(text('div', 'Answers: ' + answers.join(', '), 'muted'));
                root.append(box);
              }
            }
          } catch (e) {
            root.replaceChildren(text('p', 'Could not load /openapi/v1.json: ' + e));
          }
        })();
        </script>
        </body>
        </html>
        """;
}
