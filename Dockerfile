# The influence-map API under gunicorn. Used by docker-compose.yml.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY service ./service
COPY loaders ./loaders
COPY cypher ./cypher
COPY provision ./provision
# Editable install keeps cypher/ beside the code, where the query registry looks for it.
RUN pip install --no-cache-dir -e .
RUN useradd --create-home --uid 10001 app
USER app
EXPOSE 5000
ENV INFLUENCE_MAP_HOST=0.0.0.0
CMD ["influence-map", "serve"]
