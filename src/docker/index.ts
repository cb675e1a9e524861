// The Docker layer as other layers see it: connectDocker() (dockerode, loaded on the first connection, checked with
// a ping), dockerAddress() to name an engine in messages, and the one error of an engine that does not answer. Image
// builds (deploy/image/) and the Docker worker (worker/docker/) share it.
export { connectDocker, dockerAddress, DockerUnavailableError } from "./engine.js";
