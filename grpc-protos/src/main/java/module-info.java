/** The v1 wire API (generated messages and stubs) and the one mapper between it and the model. */
module gateway.protos {
    requires transitive gateway.model;
    requires transitive com.google.protobuf;
    requires transitive com.google.common;
    requires transitive io.grpc;
    requires transitive io.grpc.protobuf;
    requires transitive io.grpc.stub;
    requires static java.annotation;

    exports gateway.protos.common.v1;
    exports gateway.protos.auth.v1;
    exports gateway.protos.catalog.v1;
    exports gateway.protos.stream.v1;
    exports gateway.protos.ingest.v1;
    exports gateway.protos.conform.v1;
    exports gateway.protos.mapper;
}
