"""The readers' site: pages, downloads, the Atom feed and the sitemap (thin views over tracker.queries)."""
