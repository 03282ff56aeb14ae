package gateway.server.grpc;

import gateway.index.AssetHit;
import gateway.index.FacetCount;
import gateway.index.SearchResult;
import gateway.protos.catalog.v1.CatalogServiceGrpc;
import gateway.protos.catalog.v1.Facet;
import gateway.protos.catalog.v1.FacetValue;
import gateway.protos.catalog.v1.GetAssetRequest;
import gateway.protos.catalog.v1.ListProjectsRequest;
import gateway.protos.catalog.v1.ListProjectsResponse;
import gateway.protos.catalog.v1.Project;
import gateway.protos.catalog.v1.SearchRequest;
import gateway.protos.catalog.v1.SearchResponse;
import gateway.protos.catalog.v1.SuggestRequest;
import gateway.protos.catalog.v1.SuggestResponse;
import gateway.protos.common.v1.Asset;
import gateway.protos.mapper.AssetMapper;
import gateway.server.auth.Action;
import gateway.server.auth.Principal;
import gateway.server.catalog.Catalogue;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;

/** Search and asset look-up over the projects the caller may read. */
public final class CatalogGrpcService extends CatalogServiceGrpc.CatalogServiceImplBase {
    private final Catalogue catalogue;

    public CatalogGrpcService(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    @Override
    public void search(SearchRequest request, StreamObserver<SearchResponse> out) {
        ServiceCalls.unary(out, () -> {
            Principal who = AuthInterceptor.principal();
            SearchResult r = catalogue.search(
                    who,
                    request.getQuery(),
                    request.getProjectsList(),
                    request.getPageSize(),
                    request.getPageToken(),
                    request.getFacetFieldsList());
            SearchResponse.Builder b = SearchResponse.newBuilder().setTotalHits(r.total());
            for (AssetHit h : r.hits()) {
                b.addHits(AssetMapper.toSearchHit(h.manifest(), h.score()).toBuilder()
                        .addAllUsedIn(h.usedIn()));
            }
            for (Map.Entry<String, List<FacetCount>> f : r.facets().entrySet()) {
                Facet.Builder fb = Facet.newBuilder().setField(f.getKey());
                f.getValue()
                        .forEach(c -> fb.addValues(
                                FacetValue.newBuilder().setValue(c.value()).setCount(c.count())));
                b.addFacets(fb);
            }
            if (r.nextPageToken() != null) {
                b.setNextPageToken(r.nextPageToken());
            }
            return b.build();
        });
    }

    @Override
    public void suggest(SuggestRequest request, StreamObserver<SuggestResponse> out) {
        ServiceCalls.unary(out, () -> SuggestResponse.newBuilder()
                .addAllSuggestions(catalogue.suggest(
                        AuthInterceptor.principal(),
                        request.getPrefix(),
                        request.getProjectsList(),
                        request.getMaxSuggestions()))
                .build());
    }

    @Override
    public void getAsset(GetAssetRequest request, StreamObserver<Asset> out) {
        ServiceCalls.unary(
                out,
                () -> AssetMapper.toProto(
                        catalogue.asset(AuthInterceptor.principal(), request.getAssetId(), Action.READ)));
    }

    @Override
    public void listProjects(ListProjectsRequest request, StreamObserver<ListProjectsResponse> out) {
        ServiceCalls.unary(out, () -> {
            Principal who = AuthInterceptor.principal();
            ListProjectsResponse.Builder b = ListProjectsResponse.newBuilder();
            catalogue
                    .projects(who)
                    .forEach(p -> b.addProjects(Project.newBuilder()
                            .setProject(p.value())
                            .setAssetCount(catalogue.assetCount(p))
                            .setWritable(who.may(Action.INGEST, p))));
            return b.build();
        });
    }
}
