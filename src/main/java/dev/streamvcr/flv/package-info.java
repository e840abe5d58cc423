/**
 * FLV files: writing a live stream to disk ({@link dev.streamvcr.flv.FlvWriter}), deciding what of a
 * live RTMP stream goes into the file ({@link dev.streamvcr.flv.FlvRecorder}) and reading tags back
 * ({@link dev.streamvcr.flv.FlvReader}).
 *
 * <p>References: Adobe "Video File Format Specification" v10.1, Annex E (FLV header, tags,
 * AUDIODATA/VIDEODATA, SCRIPTDATA) and Veovera "Enhanced RTMP" v2 (ExAudioTagHeader,
 * ExVideoTagHeader). Plain Java and Vert.x only; no Quarkus here.
 */
package dev.streamvcr.flv;
