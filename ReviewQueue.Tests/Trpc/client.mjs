// Calls ReviewQueue's tRPC endpoint with the real, unmodified @trpc/client, once through httpLink
// and once through httpBatchLink, and prints what came back as one JSON object.
// Usage: node client.mjs <baseUrl> <apiKey> <queueId> <traceId>...
import { createTRPCClient, httpBatchLink, httpLink, TRPCClientError } from '@trpc/client';

const [baseUrl, apiKey, queueIdText, ...traceIds] = process.argv.slice(2);
if (!baseUrl || !apiKey || !queueIdText) {
  console.error('usage: node client.mjs <baseUrl> <apiKey> <queueId> <traceId>...');
  process.exit(2);
}

const queueId = Number(queueIdText);
const url = new URL('/api/trpc', baseUrl).toString();
const headers = () => ({ authorization: `Bearer ${apiKey}` });

// Errors are results too: the test checks their code and status.
async function settle(call) {
  try {
    return { data: await call() };
  } catch (error) {
    if (!(error instanceof TRPCClientError)) throw error;
    return { error: { message: error.message, code: error.data?.code, httpStatus: error.data?.httpStatus } };
  }
}

async function run(link) {
  const client = createTRPCClient({ links: [link] });
  const addItems = await settle(() => client.review.addItems.mutate({ queueId, traceIds }));
  const listQueues = await settle(() => client.review.listQueues.query());
  const getQueue = await settle(() => client.review.getQueue.query({ queueId }));
  const missingQueue = await settle(() => client.review.getQueue.query({ queueId: 987654321 }));

  // Issued together so that httpBatchLink sends them in one request.
  const [batchedList, batchedGet, batchedMissing] = await Promise.all([
    settle(() => client.review.listQueues.query()),
    settle(() => client.review.getQueue.query({ queueId })),
    settle(() => client.review.getQueue.query({ queueId: 987654321 })),
  ]);

  return { addItems, listQueues, getQueue, missingQueue, batched: [batchedList, batchedGet, batchedMissing] };
}

const result = {
  httpLink: await run(httpLink({ url, headers })),
  httpBatchLink: await run(httpBatchLink({ url, headers })),
};
console.log(JSON.stringify(result));
