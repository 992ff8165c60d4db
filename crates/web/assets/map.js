// Zoomable maps with Leaflet, as progressive enhancement: every page keeps its server-drawn SVG
// map and its list, and this script replaces the SVG only when it runs. Texts come from the
// page's data-* attributes (Fluent), never from this file.
(function () {
  'use strict';
  if (!window.L || !window.fetch) return;
  var DENMARK = [[54.5, 8.0], [57.8, 15.25]];
  var settings = null;

  function getJson(url, signal) {
    return fetch(url, { signal: signal, headers: { Accept: 'application/json' } }).then(function (r) {
      if (!r.ok) throw new Error(url + ': ' + r.status);
      return r.json();
    });
  }

  function loadSettings() {
    settings = settings || getJson('/assets/map.json');
    return settings;
  }

  // A Leaflet map in a new element placed before `replaced` (hidden once the map is there);
  // municipality borders always, tiles only when the site has a tile server.
  function baseMap(holder, replaced, label) {
    var el = document.createElement('div');
    el.className = 'leaflet-holder';
    el.setAttribute('role', 'region');
    el.setAttribute('aria-label', label);
    holder.insertBefore(el, replaced || holder.firstChild);
    if (replaced) replaced.hidden = true;
    // half steps let Denmark fill the frame
    var map = L.map(el, { zoomControl: false, minZoom: 5, maxZoom: 18, zoomSnap: 0.5 });
    L.control.zoom({
      zoomInTitle: holder.getAttribute('data-zoom-in'),
      zoomOutTitle: holder.getAttribute('data-zoom-out')
    }).addTo(map);
    map.fitBounds(DENMARK);
    loadSettings().then(function (s) {
      if (s.tiles) {
        L.tileLayer(s.tiles.url, { attribution: s.tiles.attribution, maxZoom: 18 }).addTo(map).bringToBack();
      }
    }).catch(function () {});
    getJson('/assets/kommuner.geojson').then(function (geojson) {
      L.geoJSON(geojson, {
        interactive: false,
        style: { color: '#5f6f5f', weight: 1, fillColor: '#e4ebe4', fillOpacity: 0.35 }
      }).addTo(map).bringToBack();
    }).catch(function () {});
    return map;
  }

  // A marker that is a button for keyboard and screen-reader users (Leaflet gives it tabindex).
  function labelMarker(marker, label, count) {
    var el = marker.getElement();
    if (el) {
      el.setAttribute('role', 'button');
      el.setAttribute('aria-label', label);
      var at = marker.getLatLng();
      el.setAttribute('data-lat', at.lat.toFixed(5));
      el.setAttribute('data-lon', at.lng.toFixed(5));
      if (count) el.setAttribute('data-count', count);
    }
  }

  function listLink(holder, at) {
    var link = document.createElement('a');
    link.href = '/maaltider?radius=5&lat=' + at[0].toFixed(5) + '&lon=' + at[1].toFixed(5);
    link.textContent = holder.getAttribute('data-list-label');
    return link;
  }

  function clusterIcon(count) {
    var size = count < 10 ? 34 : count < 100 ? 40 : count < 1000 ? 46 : 52;
    return L.divIcon({
      html: '<span>' + Number(count) + '</span>',
      className: 'map-cluster-marker',
      iconSize: [size, size]
    });
  }

  function mealPopup(cluster, openLabel) {
    var box = document.createElement('div');
    var title = document.createElement('strong');
    title.textContent = cluster.title;
    var link = document.createElement('a');
    link.href = cluster.url;
    link.textContent = openLabel;
    box.appendChild(title);
    box.appendChild(document.createElement('br'));
    box.appendChild(link);
    return box;
  }

  // The finder: meals clustered on the server for every view; a cluster zooms in, a meal opens
  // a popup with its link.
  function finder(holder) {
    var figure = holder.querySelector('figure');
    var map = baseMap(holder, figure, holder.getAttribute('data-label'));
    var center = holder.getAttribute('data-center');
    if (center) {
      var c = center.split(',').map(Number);
      var km = Number(holder.getAttribute('data-radius') || 25);
      map.fitBounds(L.latLng(c[0], c[1]).toBounds(km * 2000));
    }
    var layer = L.layerGroup().addTo(map);
    var status = document.createElement('p');
    status.className = 'muted';
    status.setAttribute('role', 'status');
    holder.appendChild(status);
    var clusterLabel = holder.getAttribute('data-cluster-label');
    var openLabel = holder.getAttribute('data-open-label');
    var pending = null;
    function load() {
      if (pending) pending.abort();
      pending = new AbortController();
      var b = map.getBounds();
      var url = '/api/v1/meal-clusters?south=' + b.getSouth().toFixed(5) + '&west=' + b.getWest().toFixed(5) +
        '&north=' + b.getNorth().toFixed(5) + '&east=' + b.getEast().toFixed(5) + '&zoom=' + Math.round(map.getZoom()) +
        '&' + holder.getAttribute('data-clusters');
      getJson(url, pending.signal).then(function (data) {
        layer.clearLayers();
        holder.setAttribute('data-total', data.total);
        data.clusters.forEach(function (cluster) {
          var at = [cluster.lat, cluster.lon];
          var marker;
          if (cluster.count === 1 && cluster.url) {
            marker = L.marker(at, { title: cluster.title, alt: cluster.title }).addTo(layer);
            marker.bindPopup(mealPopup(cluster, openLabel));
            labelMarker(marker, cluster.title, 1);
          } else {
            marker = L.marker(at, { icon: clusterIcon(cluster.count) }).addTo(layer);
            if (map.getZoom() < map.getMaxZoom()) {
              var zoomIn = function () { map.setView(at, Math.min(map.getZoom() + 2, map.getMaxZoom())); };
              // Leaflet turns Enter into a click only for markers with a popup
              marker.on('click', zoomIn);
              marker.on('keypress', function (e) { if (e.originalEvent.key === 'Enter' || e.originalEvent.key === ' ') zoomIn(); });
            } else {
              // meals at one address never split: the list near the point shows them
              marker.bindPopup(listLink(holder, at));
            }
            labelMarker(marker, clusterLabel.replace('{n}', cluster.count), cluster.count);
          }
        });
        status.textContent = '';
      }).catch(function (e) {
        if (e.name !== 'AbortError') status.textContent = holder.getAttribute('data-failed');
      });
    }
    map.on('moveend', load);
    load();
  }

  // The hosting form: a draggable pin that writes the form's latitude and longitude fields,
  // placed at the typed coordinates or else at the postal code or town.
  function pin(holder) {
    var form = holder.closest('form');
    var lat = form.querySelector('input[name=lat]');
    var lon = form.querySelector('input[name=lon]');
    var place = form.querySelector('input[name=place]');
    var map = null;
    var marker = null;
    function write(latlng) {
      lat.value = latlng.lat.toFixed(5);
      lon.value = latlng.lng.toFixed(5);
      var details = lat.closest('details');
      if (details) details.open = true;
    }
    function show(latlng, zoom) {
      holder.hidden = false;
      if (!map) {
        map = baseMap(holder, null, holder.getAttribute('data-label'));
        marker = L.marker(latlng, { draggable: true, autoPan: true, title: holder.getAttribute('data-marker') }).addTo(map);
        labelMarker(marker, holder.getAttribute('data-marker'));
        marker.on('dragend', function () { write(marker.getLatLng()); });
        map.on('click', function (e) { marker.setLatLng(e.latlng); write(e.latlng); });
      }
      marker.setLatLng(latlng);
      map.setView(latlng, zoom);
    }
    function typed() {
      var a = parseFloat(lat.value.replace(',', '.'));
      var b = parseFloat(lon.value.replace(',', '.'));
      return isFinite(a) && isFinite(b) ? L.latLng(a, b) : null;
    }
    function fromPlace() {
      if (!place.value.trim()) return;
      getJson('/api/v1/geocode?limit=1&q=' + encodeURIComponent(place.value)).then(function (found) {
        if (found.length) {
          var at = L.latLng(found[0].lat, found[0].lon);
          show(at, 13);
          write(at);
        }
      }).catch(function () {});
    }
    [lat, lon].forEach(function (input) {
      input.addEventListener('change', function () { var at = typed(); if (at) show(at, map ? map.getZoom() : 14); });
    });
    place.addEventListener('change', fromPlace);
    var at = typed();
    if (at) show(at, 14); else fromPlace();
  }

  // The relay's spread by ISO week: a slider (and play button) showing every meal up to the
  // chosen week, the meals of that week highlighted.
  function weeks(holder) {
    getJson(holder.getAttribute('data-relay-spread')).then(function (spread) {
      if (!spread.weeks.length) return;
      holder.hidden = false;
      var map = baseMap(holder.querySelector('.relay-week-map'), null, holder.getAttribute('data-label'));
      var slider = holder.querySelector('input[type=range]');
      var status = holder.querySelector('[role=status]');
      var play = holder.querySelector('button');
      var layer = L.layerGroup().addTo(map);
      slider.max = spread.weeks.length - 1;
      slider.value = spread.weeks.length - 1;
      var bounds = L.latLngBounds(spread.points.map(function (p) { return [p[1], p[2]]; }));
      if (bounds.isValid()) map.fitBounds(bounds.pad(0.2), { maxZoom: 11 });
      function draw() {
        var upto = Number(slider.value);
        var meals = 0;
        layer.clearLayers();
        spread.points.forEach(function (p) {
          if (p[0] > upto) return;
          meals += p[3];
          L.circleMarker([p[1], p[2]], {
            radius: Math.min(3 + Math.sqrt(p[3]) * 1.5, 14),
            color: p[0] === upto ? '#b3261e' : '#1d5e3a',
            weight: 1,
            fillOpacity: p[0] === upto ? 0.8 : 0.45,
            interactive: false
          }).addTo(layer);
        });
        var week = spread.weeks[upto].split('-W');
        var text = holder.getAttribute('data-week').replace('{week}', Number(week[1])).replace('{year}', week[0]) +
          ' · ' + holder.getAttribute('data-meals').replace('{meals}', meals.toLocaleString(document.documentElement.lang));
        status.textContent = text;
        slider.setAttribute('aria-valuetext', text);
        holder.setAttribute('data-shown', meals);
      }
      var timer = null;
      function stop() {
        clearInterval(timer);
        timer = null;
        play.textContent = holder.getAttribute('data-play');
      }
      play.addEventListener('click', function () {
        if (timer) return stop();
        if (Number(slider.value) >= spread.weeks.length - 1) slider.value = 0;
        play.textContent = holder.getAttribute('data-pause');
        draw();
        timer = setInterval(function () {
          if (Number(slider.value) >= spread.weeks.length - 1) return stop();
          slider.value = Number(slider.value) + 1;
          draw();
        }, 400);
      });
      slider.addEventListener('input', function () { stop(); draw(); });
      draw();
    }).catch(function () {});
  }

  document.querySelectorAll('[data-meal-map]').forEach(finder);
  document.querySelectorAll('[data-pin-map]').forEach(pin);
  document.querySelectorAll('[data-relay-spread]').forEach(weeks);
})();
