package gateway.model.timeline;

/** Which media a clip reference stands for: the camera original or the gateway's proxy. */
public enum Representation {
    ORIGINAL,
    PROXY
}
