module gateway.protos {
    requires transitive gateway.model;
    requires transitive com.google.protobuf;
    requires transitive com.google.common;
    requires transitive io.grpc;
    requires transitive io.grpc.protobuf;
    requires transitive io.grpc.stub;
    requires static java.annotation;

    exports gateway.protos.catalog.v1;
}
