/** StreamVCR: book, record and download live internet video. */
package dev.streamvcr;
