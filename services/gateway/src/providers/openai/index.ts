/** `openai` kind: any OpenAI-wire service (OpenAI, Azure-style via config headers/query, vLLM, Ollama...). */
import type { ProviderAdapter } from "../types";
import {
  openaiChatRequest,
  openaiChatResponse,
  openaiChatStream,
  openaiDescribeError,
  openaiEmbeddingsRequest,
  openaiEmbeddingsResponse,
} from "./wire";

export const openaiAdapter: ProviderAdapter = {
  kind: "openai",
  chatRequest: openaiChatRequest,
  chatResponse: openaiChatResponse,
  chatStream: openaiChatStream,
  embeddingsRequest: openaiEmbeddingsRequest,
  embeddingsResponse: openaiEmbeddingsResponse,
  describeError: openaiDescribeError,
};
