/**
 * The chunk stream (RTMP spec 5.3): {@link dev.streamvcr.rtmp.chunk.ChunkDecoder} turns bytes into messages,
 * {@link dev.streamvcr.rtmp.chunk.ChunkEncoder} turns messages into chunks. Each direction's protocol state (chunk
 * size, previous header per chunk stream) lives in a {@link dev.streamvcr.rtmp.chunk.ChunkDirectionState}, apart from
 * the parsing logic.
 */
package dev.streamvcr.rtmp.chunk;
