"""Youth programmes: model and gifted schools (applications, support grants,
budget lines and their payment file), the summer teen programmes and talent
screening: models, forms, selectors, views and urls. The services live with
the context's others in ../services/ (gifted, teens, talent)."""
